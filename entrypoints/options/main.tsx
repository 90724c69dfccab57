// Options entry: accounts (added, tested, edited and removed through the host) and the user's preferences.
import { render } from 'preact';
import { t } from '../../lib/i18n';
import { App } from './App';

document.documentElement.lang = navigator.language;
document.title = t('optionsPageTitle');
render(<App />, document.getElementById('app')!);
