// Popup entry: reads what the worker cached and renders it in one go, then asks the worker for a refresh.
import { render } from 'preact';
import { readPopupStorage } from '../../components/popup/popup-storage';
import { prepareFormatters } from '../../components/popup/format';
import { App } from './App';

document.documentElement.lang = navigator.language;
// Rendering waits for storage (an empty popup first would only flash); the date formatters (slow to build the first
// time in the extension's process) are built meanwhile instead of inside the first render, and the rows' action
// buttons, hidden until a row is hovered or focused, follow in the render after the first frame.
const stored = readPopupStorage();
prepareFormatters(navigator.language);
void stored.then((initial) => render(<App initial={initial} actionsAfterFirstFrame />, document.getElementById('app')!));
