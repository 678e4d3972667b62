import { useTranslation } from 'react-i18next'
import { Outlet } from 'react-router'
import { Header } from './Header.tsx'

export function Layout() {
  const { t } = useTranslation()
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header />
      <main id="main" className="app__main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  )
}
