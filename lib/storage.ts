// Every value the extension persists, in one place. Nothing here ever holds a password.
import { storage } from 'wxt/utils/storage';
import { initialState, type ExtensionState } from './state';

/** Session storage: survives the worker being stopped, cleared when the browser quits (the host re-sends it). */
export const extensionState = storage.defineItem<ExtensionState>('session:state', { fallback: initialState(new Date(0)) });
