// The app's view navigation (Live | Sessions | Trends) and the non-live views; the live view stays mounted, only hidden.
import { useEffect } from 'react';
import { useT } from '../i18n/use-t.ts';
import { LibraryView } from '../library/LibraryView.tsx';
import { TrendsView } from '../trends/TrendsView.tsx';
import { ReviewView } from '../review/ReviewView.tsx';
import { VIEWS, useView } from '../state/view-store.ts';
import '../review/review.css';

export function ViewSwitch() {
  const t = useT();
  const view = useView((s) => s.view);
  const setView = useView((s) => s.setView);
  const open = useView((s) => s.open);
  const openSession = useView((s) => s.openSession);
  // styles hide the live view's <main> while another view is shown (it keeps streaming underneath)
  useEffect(() => { document.body.dataset.view = view; }, [view]);
  return (
    <div className="view-switch-host">
      <nav className="view-switch" aria-label={t('nav.label')}>
        {VIEWS.map((v) => (
          <button key={v} aria-current={view === v ? 'page' : undefined} className={view === v ? 'current' : ''} data-testid={`nav-${v}`}
            onClick={() => { setView(v); if (v === 'sessions') openSession(null); }}>
            {t(`nav.${v}`)}
          </button>
        ))}
      </nav>
      {view !== 'live' && (
        <div className="view-body">
          {view === 'sessions' && (open ? <ReviewView key={`${open.profileId}/${open.sessionId}`} open={open} onBack={() => openSession(null)} /> : <LibraryView />)}
          {view === 'trends' && <TrendsView />}
        </div>
      )}
    </div>
  );
}
