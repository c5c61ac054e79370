import { createRoot } from 'react-dom/client'
import { App } from './app.tsx'
import { connectBridge } from './bridge.ts'
import { initI18n } from './i18n.ts'
import './styles.css'

const connection = connectBridge()
void initI18n('en').then(() => {
  createRoot(document.getElementById('root')!).render(<App connection={connection} />)
})
