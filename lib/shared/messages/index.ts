// Every user-facing string of the portal, one file per area, so a client component imports only the area it
// renders (the rest never reaches the browser). Server code may use the whole catalogue through `messages`.
import { brand, nav, common } from "./site";
import { home } from "./home";
import { register } from "./register";
import { checkEmail } from "./check-email";
import { activate } from "./activate";
import { resend } from "./resend";
import { login } from "./login";
import { account } from "./account";
import { accountSettings } from "./account-settings";
import { privacy } from "./privacy";
import { notFound, unavailable, devMailbox } from "./pages";
import { failure } from "./failure";
import { captchaField, passwordField } from "./fields";
import { errors } from "./errors";
import { emails } from "./emails";
import { passwordReset } from "./password-reset";
import { help } from "./help";

export const messages = {
  brand,
  nav,
  common,
  home,
  register,
  captchaField,
  passwordField,
  checkEmail,
  activate,
  resend,
  login,
  account,
  accountSettings,
  privacy,
  notFound,
  unavailable,
  failure,
  devMailbox,
  errors,
  emails,
  passwordReset,
  help,
} as const;

export type Messages = typeof messages;
