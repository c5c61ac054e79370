import './styles/admin.css'
import { markJs } from './enhance/mark-js.ts'
import { enhanceConfirm } from './enhance/confirm-submit.ts'
import { enhanceAutoSubmit } from './enhance/auto-submit.ts'
import { enhanceSubmitOnce } from './enhance/submit-once.ts'
import { enhancePasswordToggles } from './enhance/password-toggle.ts'
import { enhanceCopyButtons } from './enhance/copy-button.ts'

// Platform administration. Each page works without this file.
markJs()
enhanceConfirm()
enhanceAutoSubmit()
enhanceSubmitOnce()
enhancePasswordToggles()
enhanceCopyButtons()
