// Popup entry: renders from the worker's cached state at once, then asks the worker for a refresh.
import { render } from 'preact';
import { App } from './App';

document.documentElement.lang = navigator.language;
render(<App />, document.getElementById('app')!);
