// The email templates' public face: server code renders mail through here, a preview tool renders the components.
export { AccountDeletedEmail, renderAccountDeletedEmail } from "./account-deleted";
export { ActivationEmail, renderActivationEmail, type ActivationEmailProps } from "./activation";
export { AlreadyRegisteredEmail, renderAlreadyRegisteredEmail, type AlreadyRegisteredEmailProps } from "./already-registered";
export { BindingCodeEmail, renderBindingCodeEmail, type BindingCodeEmailProps } from "./binding-code";
export { PasswordChangedEmail, renderPasswordChangedEmail, type PasswordChangedEmailProps } from "./password-changed";
export { PasswordResetEmail, renderPasswordResetEmail, type PasswordResetEmailProps } from "./password-reset";
export { NewDeviceCodeEmail, renderNewDeviceCodeEmail, type NewDeviceCodeEmailProps } from "./new-device-code";
export { TwoStepNoticeEmail, renderTwoStepNoticeEmail, type TwoStepNotice, type TwoStepNoticeEmailProps } from "./two-step-notice";
export { EmailButton, EmailLayout, EmailText, EmailUrl } from "./layout";
export type { RenderedEmail } from "./rendered-email";
