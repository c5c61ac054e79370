import { z } from 'zod'

// The sign-in forms of the storefront as the browser posts them (urlencoded strings). Issues
// carry the field name; the page turns each into a localized message. Password lengths are the
// server's policy (checkPasswordPolicy, with its own messages), so they are not limited here;
// the body parser bounds the whole form.

const email = z.string().trim().toLowerCase().max(320).pipe(z.email())

export const LoginForm = z.object({
  email,
  // Not trimmed: spaces may be part of a password.
  password: z.string().min(1),
  /** Where to go after logging in: checked against the site by safeNext, never trusted here. */
  next: z.string().optional(),
})
export type LoginForm = z.output<typeof LoginForm>

export const ForgotPasswordForm = z.object({ email })
export type ForgotPasswordForm = z.output<typeof ForgotPasswordForm>

export const ResetPasswordForm = z
  .object({
    password: z.string().min(1),
    password_confirm: z.string(),
  })
  .refine((form) => form.password === form.password_confirm, {
    path: ['password_confirm'],
    message: 'mismatch',
  })
export type ResetPasswordForm = z.output<typeof ResetPasswordForm>
