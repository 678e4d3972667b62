import { Component, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

function CrashNotice() {
  const { t } = useTranslation()
  return (
    <div className="notice notice--error" role="alert">
      <div>
        <strong>{t('errors.crashed')}</strong> {t('errors.crashedHint')}
      </div>
      <button type="button" className="btn btn--small" onClick={() => window.location.reload()}>
        {t('errors.reload')}
      </button>
    </div>
  )
}

/** Keeps a failed lazy chunk or a rendering bug from blanking the whole app. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  override componentDidCatch(error: unknown): void {
    console.error(error)
  }

  override render(): ReactNode {
    return this.state.failed ? <CrashNotice /> : this.props.children
  }
}
