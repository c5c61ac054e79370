import { z } from 'zod'

// The staff sign-in form as the browser posts it (urlencoded strings). Only presence is checked
// here: a wrong address or password gets the one generic answer of the login command.

export const StaffLoginForm = z.object({
  email: z.string().trim().min(1).max(320),
  // Not trimmed: spaces may be part of a password.
  password: z.string().min(1).max(1024),
  /** Where to go after signing in; checked against the surface by staffNext, not here. */
  next: z.string().max(2048).optional(),
})
export type StaffLoginForm = z.output<typeof StaffLoginForm>
