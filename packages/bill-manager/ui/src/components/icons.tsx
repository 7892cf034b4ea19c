/** Small line icons (24×24, stroke), decorative: every one sits beside a text label. */
type IconName =
  | 'dashboard'
  | 'lines'
  | 'tree'
  | 'invoice'
  | 'download'
  | 'users'
  | 'bell'
  | 'upload'
  | 'activity'
  | 'lock'
  | 'shield'
  | 'menu'
  | 'close'
  | 'sort'
  | 'sort-up'
  | 'sort-down'
  | 'arrow-up'
  | 'arrow-down'
  | 'search';

const PATHS: Readonly<Record<IconName, string>> = {
  dashboard: 'M4 13h6V4H4zm10 7h6v-9h-6zM4 20h6v-4H4zm10-16v4h6V4z',
  lines: 'M8 3h8a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm3 15h2',
  tree: 'M12 3v5M6 13V9h12v4M4 13h4v4H4zm6 0h4v4h-4zm6 0h4v4h-4zM10 3h4v5h-4z',
  invoice: 'M6 3h12v18l-3-2-3 2-3-2-3 2zm3 5h6m-6 4h6m-6 4h3',
  download: 'M12 4v11m0 0-4-4m4 4 4-4M5 20h14',
  users: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-6 9a6 6 0 0 1 12 0m2-9a3 3 0 1 0 0-6m4 15a5 5 0 0 0-3-4.6',
  bell: 'M6 16V11a6 6 0 1 1 12 0v5l2 2H4zm4 4h4',
  upload: 'M12 20V9m0 0-4 4m4-4 4 4M5 4h14',
  activity: 'M3 12h4l3-8 4 16 3-8h4',
  lock: 'M6 11h12v9H6zm2 0V8a4 4 0 0 1 8 0v3m-4 4v2',
  shield: 'M12 3 5 6v5c0 4.5 3 8.5 7 10 4-1.5 7-5.5 7-10V6z',
  menu: 'M4 7h16M4 12h16M4 17h16',
  close: 'M6 6l12 12M18 6 6 18',
  sort: 'M8 9l4-4 4 4M8 15l4 4 4-4',
  'sort-up': 'M8 14l4-4 4 4',
  'sort-down': 'M8 10l4 4 4-4',
  'arrow-up': 'M12 19V5m0 0-5 5m5-5 5 5',
  'arrow-down': 'M12 5v14m0 0-5-5m5 5 5-5',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zm5-2 4 4',
};

export function Icon({ name, className }: { readonly name: IconName; readonly className?: string }) {
  return (
    <svg
      className={className}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

export function BrandMark({ className }: { readonly className?: string }) {
  return (
    <svg className={className} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#13315c" />
      <path d="M10 8h4v12h9v4H10z" fill="#5ec4b6" />
      <circle cx="22" cy="11" r="2.5" fill="#e8eef6" />
    </svg>
  );
}
