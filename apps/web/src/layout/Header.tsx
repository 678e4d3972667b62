import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, NavLink, useLocation, useNavigate } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import { ThemeSwitch } from '../theme/ThemeSwitch.tsx'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { Logo } from './Logo.tsx'
import { ShortcutsHelp } from './ShortcutsHelp.tsx'
import { useMe } from './useMe.ts'

export function Header() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const me = useMe()
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.clear()
        queryClient.setQueryData(trpc.auth.me.queryKey(), null)
        void navigate('/login')
      },
    }),
  )
  const user = me.data
  // On a phone the links and tools fold into a menu (CSS shows the button below 760 px); a page
  // change or Escape closes it.
  const [menuOpen, setMenuOpen] = useState(false)
  const location = useLocation()
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing is what a new location asks for.
  useEffect(() => setMenuOpen(false), [location.pathname])
  useEffect(() => {
    if (!menuOpen) return
    const close = (event: KeyboardEvent) => event.key === 'Escape' && setMenuOpen(false)
    window.addEventListener('keydown', close)
    return () => window.removeEventListener('keydown', close)
  }, [menuOpen])
  return (
    <header className="header">
      <Link to="/" className="header__brand">
        <Logo />
        <span>{t('app.name')}</span>
      </Link>
      <button
        type="button"
        className="btn btn--ghost btn--small header__menu-button"
        aria-expanded={menuOpen}
        aria-controls="header-panel"
        onClick={() => setMenuOpen(!menuOpen)}
      >
        <span aria-hidden="true">☰</span> {t('nav.menu')}
      </button>
      <div id="header-panel" className={`header__panel${menuOpen ? ' header__panel--open' : ''}`}>
        {user && (
          <nav className="header__nav" aria-label={t('nav.course')}>
            <NavLink to="/" end className="header__link">
              {t('nav.course')}
            </NavLink>
            <NavLink to="/leaderboards" className="header__link">
              {t('nav.leaderboards')}
            </NavLink>
            <NavLink to="/groups" className="header__link">
              {t('nav.groups')}
            </NavLink>
            {(user.role === 'instructor' || user.role === 'admin') && (
              <NavLink to="/authoring" className="header__link">
                {t('nav.authoring')}
              </NavLink>
            )}
            {user.role === 'admin' && (
              <NavLink to="/admin/runners" className="header__link">
                {t('nav.runners')}
              </NavLink>
            )}
            <NavLink to="/profile" className="header__link">
              {t('nav.profile')}
            </NavLink>
          </nav>
        )}
        <div className="header__tools">
          <ShortcutsHelp />
          <ThemeSwitch />
          <LanguageSwitch />
          {me.isSuccess && !user && (
            <div className="header__user">
              <Link to="/login" className="btn btn--ghost btn--small">
                {t('visitor.logIn')}
              </Link>
              <Link to="/signup" className="btn btn--primary btn--small">
                {t('visitor.signUp')}
              </Link>
            </div>
          )}
          {user && (
            <div className="header__user">
              <span className="avatar" aria-hidden="true">
                {user.username.slice(0, 1).toUpperCase()}
              </span>
              <span className="header__username" title={t('nav.userMenu', { username: user.username })}>
                {user.username}
              </span>
              <Link to="/profile" className="header__xp">
                {t('nav.levelXp', { level: user.level, xp: user.xp })}
              </Link>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => logout.mutate()}
                disabled={logout.isPending}
              >
                {t('nav.logout')}
              </button>
            </div>
          )}
        </div>
      </div>
    </header>
  )
}
