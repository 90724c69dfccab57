// Where the popup sends a user who is stuck: the README's troubleshooting entries (a unit test keeps the anchors real).

/** The project's README as people read it online. */
export const README_URL = 'https://github.com/mailbadge/mailbadge/blob/main/README.md';

/** Anchors of README headings, as GitHub derives them from the heading text. */
export const HELP_HELPER_MISSING = `${README_URL}#the-helper-is-not-installed`;
export const HELP_NEEDS_YOU = `${README_URL}#an-account-needs-you`;
