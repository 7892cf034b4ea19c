import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { formatDateTime, initials } from '../format/format-usage.js';
import { type Area, canOpen, ROLE_LABELS } from '../session/role-rules.js';
import { useSignedIn } from '../session/session-context.js';
import { BreakGlassBanner } from './break-glass-banner.js';
import { BrandMark, Icon } from './icons.js';
import { SignOutButton } from './sign-out-button.js';

interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly icon: Parameters<typeof Icon>[0]['name'];
  readonly area: Area;
  readonly end?: boolean;
}

const CUSTOMER_NAV: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', icon: 'dashboard', area: 'dashboard', end: true },
  { to: '/lines', label: 'Lines', icon: 'lines', area: 'lines' },
  { to: '/cost-centres', label: 'Cost centres', icon: 'tree', area: 'costCentres' },
  { to: '/bill-runs', label: 'Bills', icon: 'invoice', area: 'billRuns' },
  { to: '/exports', label: 'Exports', icon: 'download', area: 'exports' },
  { to: '/watchpoints', label: 'Watchpoints', icon: 'bell', area: 'watchpoints' },
];

const ADMIN_NAV: readonly NavItem[] = [
  { to: '/users', label: 'Users and roles', icon: 'users', area: 'users' },
];

const OPERATOR_NAV: readonly NavItem[] = [
  { to: '/operator/imports', label: 'Import status', icon: 'activity', area: 'operator' },
  { to: '/operator/upload', label: 'Upload a bill run', icon: 'upload', area: 'operator' },
  { to: '/operator/break-glass', label: 'Break-glass access', icon: 'shield', area: 'operator' },
];

function NavSection({ heading, items }: { readonly heading: string; readonly items: readonly NavItem[] }) {
  if (items.length === 0) return null;
  const id = `nav-${heading.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div className="nav-section">
      <h2 className="nav-heading" id={id}>
        {heading}
      </h2>
      <ul className="nav-list" aria-labelledby={id}>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink className="nav-link" to={item.to} end={item.end}>
              <Icon name={item.icon} />
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The signed-in frame: banner, navigation for the role, and the page. */
export function AppLayout() {
  const session = useSignedIn();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // On navigation: close the phone menu and move focus to the new page, as a full load would.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every path change by design.
  useEffect(() => {
    setNavOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [location.pathname]);

  const allowed = (items: readonly NavItem[]) => items.filter((item) => canOpen(session, item.area));
  const lineScope = session.scope.kind === 'line' ? session.scope : null;
  const customerNav = lineScope
    ? allowed(CUSTOMER_NAV).map((item) =>
        item.area === 'lines'
          ? { ...item, to: `/lines/${encodeURIComponent(lineScope.lineId)}`, label: 'My line' }
          : item,
      )
    : allowed(CUSTOMER_NAV);
  const companyName = session.company?.name ?? session.breakGlass?.companyName ?? null;

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <button
          type="button"
          className="button button-ghost nav-toggle"
          aria-expanded={navOpen}
          aria-controls="app-nav"
          onClick={() => setNavOpen((open) => !open)}
        >
          <Icon name={navOpen ? 'close' : 'menu'} className="nav-toggle-icon" />
          <span className="visually-hidden">Menu</span>
        </button>
        <Link className="brand" to="/">
          <BrandMark className="brand-mark" />
          <span>
            LineKeeper <span className="brand-product">Bill Manager</span>
          </span>
        </Link>
        {companyName ? (
          <div className="header-company">
            <span className="visually-hidden">Company: </span>
            <strong>{companyName}</strong>
            {session.demo ? 'Demo data' : 'Business account'}
          </div>
        ) : null}
        <div className="header-user">
          <Link className="header-account-link" to="/account">
            <span className="header-user-name">
              {session.user.displayName}
              <span>{ROLE_LABELS[session.user.role]}</span>
            </span>
            <span className="avatar" aria-hidden="true">
              {initials(session.user.displayName)}
            </span>
            <span className="visually-hidden">Your account and security</span>
          </Link>
          <SignOutButton />
        </div>
      </header>
      <nav id="app-nav" className="app-nav" aria-label="Main" data-open={navOpen}>
        <div className="nav-inner">
          <NavSection
            heading={session.user.role === 'operator' ? 'Customer (read-only)' : 'Bills'}
            items={customerNav}
          />
          <NavSection heading="Administration" items={allowed(ADMIN_NAV)} />
          <NavSection heading="Operator" items={allowed(OPERATOR_NAV)} />
          <NavSection
            heading="Account"
            items={[{ to: '/account', label: 'Security', icon: 'lock', area: 'dashboard' }]}
          />
        </div>
      </nav>
      <main id="main" className="app-main" tabIndex={-1} ref={main}>
        {session.breakGlass ? <BreakGlassBanner breakGlass={session.breakGlass} /> : null}
        <Outlet />
        <footer className="app-footer">
          Signed in as {session.user.email} · session ends {formatDateTime(session.expiresAt)} · Figures
          exclude VAT unless stated.
        </footer>
      </main>
    </div>
  );
}
