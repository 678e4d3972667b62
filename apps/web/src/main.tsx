import './styles/global.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { initI18n } from './i18n/i18n.ts'
import { reloadOnStaleBuild } from './lib/reloadOnStaleBuild.ts'
import { startTheme } from './theme/theme.ts'

startTheme()
initI18n()
reloadOnStaleBuild()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
