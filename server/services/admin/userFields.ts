import { z } from "zod";

// The rules a person's sign-in details follow, wherever a user is made.
export const email = z.email("must be an e-mail address").trim().toLowerCase();
export const personName = z.string().trim().min(1, "is required").max(200);
export const password = z.string().min(12, "must be at least 12 characters").max(200);
