// Small inline icons for the message actions; decorative, the buttons carry the accessible names.
const common = { width: 16, height: 16, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false' } as const;

/** An opened envelope: "mark as read". */
export function MarkReadIcon() {
  return (
    <svg {...common}>
      <path d="M3 10l9-6 9 6v9a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z" />
      <path d="M3 10l9 6 9-6" />
    </svg>
  );
}

/** A closed envelope with a dot: "mark as unread". */
export function MarkUnreadIcon() {
  return (
    <svg {...common}>
      <rect x="3" y="6" width="14" height="12" rx="1" />
      <path d="M3 7l7 5 7-5" />
      <circle cx="19.5" cy="5.5" r="2.5" fill="currentColor" />
    </svg>
  );
}

/** A box with an arrow out of it: "open in a new tab". */
export function OpenIcon() {
  return (
    <svg {...common}>
      <path d="M14 4h6v6" />
      <path d="M20 4l-9 9" />
      <path d="M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />
    </svg>
  );
}
