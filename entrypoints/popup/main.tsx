// Popup entry: reads what the worker cached and renders it in one go, then asks the worker for a refresh.
import { render } from 'preact';
import { readPopupStorage } from '../../components/popup/popup-storage';
import { prepareFormatters } from '../../components/popup/format';
import { App } from './App';

document.documentElement.lang = navigator.language;
// Rendering waits for storage (an empty popup first would only flash); building the date formatters, which costs more
// than the 50 rows that use them, happens meanwhile instead of inside the first render.
const stored = readPopupStorage();
prepareFormatters(navigator.language);
void stored.then((initial) => render(<App initial={initial} />, document.getElementById('app')!));
