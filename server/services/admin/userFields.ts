import { z } from "zod";
import { MAX_NAME } from "../../domain/limits";
import { requiredText } from "../fields";

// The rules a person's sign-in details follow, wherever a user is made.
// 254: the longest address SMTP carries. Checked before the pattern, so a huge string costs nothing.
export const email = z.string().trim().max(254, "must be at most 254 characters").pipe(z.email("must be an e-mail address").toLowerCase());
export const personName = requiredText(MAX_NAME);
// Not trimmed: spaces are part of a password. NUL is refused by the input net.
export const password = z.string().min(12, "must be at least 12 characters").max(200, "must be at most 200 characters");
