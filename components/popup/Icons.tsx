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

/** A star, filled when the message is starred. */
export function StarIcon({ filled = false }: { filled?: boolean }) {
  return (
    <svg {...common} fill={filled ? 'currentColor' : 'none'}>
      <path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />
    </svg>
  );
}

/** A box with a lid: "archive". */
export function ArchiveIcon() {
  return (
    <svg {...common}>
      <rect x="3" y="4" width="18" height="5" rx="1" />
      <path d="M5 9v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V9" />
      <path d="M10 13h4" />
    </svg>
  );
}

/** A bin: "delete". */
export function DeleteIcon() {
  return (
    <svg {...common}>
      <path d="M4 7h16" />
      <path d="M9 7V4h6v3" />
      <path d="M6 7l1 13h10l1-13" />
    </svg>
  );
}

/** A warning sign: "mark as spam". */
export function SpamIcon() {
  return (
    <svg {...common}>
      <path d="M8 3h8l5 5v8l-5 5H8l-5-5V8z" />
      <path d="M12 8v5" />
      <path d="M12 16h.01" />
    </svg>
  );
}

/** An arrow into a tray: "save as .eml". */
export function SaveIcon() {
  return (
    <svg {...common}>
      <path d="M12 4v11" />
      <path d="M7 10l5 5 5-5" />
      <path d="M5 20h14" />
    </svg>
  );
}
