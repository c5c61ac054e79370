import './styles/merchant.css'
import { markJs } from './enhance/mark-js.ts'
import { enhanceConfirm } from './enhance/confirm-submit.ts'
import { enhanceAutoSubmit } from './enhance/auto-submit.ts'
import { enhanceSubmitOnce } from './enhance/submit-once.ts'
import { enhancePasswordToggles } from './enhance/password-toggle.ts'
import { enhanceDateParts } from './enhance/date-parts.ts'
import { enhanceCopyButtons } from './enhance/copy-button.ts'
import { enhanceRefreshProgress } from './enhance/refresh-progress.ts'

// Merchant back office. Each page works without this file.
markJs()
enhanceConfirm()
enhanceAutoSubmit()
enhanceSubmitOnce()
enhancePasswordToggles()
enhanceDateParts()
enhanceCopyButtons()
enhanceRefreshProgress()
