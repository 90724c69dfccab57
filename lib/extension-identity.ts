// The extension's fixed identity, shared by the build (manifest key) and the native host installer (allowed_origins).

/** Base64 DER public key; Chromium derives the extension ID from it. The private key is not needed to load unpacked. */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwX9fMX2rRCdHRZd93DoLPqQ0fL8oHqCnVlV+bfzEGt98nKdp0Qn/CAuwWRezaIcbyTZhbPHjetZlLhJDCRxSGY/qG+sxyKPRKwhAqMJligRN1+ZHCxEWAb1ULUTjK4OmUIuhOxe5KpfeXW2HklUKqCdzmLQDxNto4mcTq2dXXj2CsD9PSl33FfZObd0Y2HB8l6jJv/rs+/jPWHeSYWgP5DBaKjVW+xoNXVfcGWA4lVAH8RDPYPOrxNw2KuwBGsV/dlrvm6cAOeNAlhTEnmu8u1OHM24sKf4Ge7HmVrclVob8plhQx9v47RdXEqXeF3sLB3r8+uZ3/jGV0v81gFbZvQIDAQAB';

/** First 32 hex digits of SHA-256(DER key), mapped 0-f → a-p (checked by a unit test). */
export const EXTENSION_ID = 'bjhhjeffnhhejpokifcnoaibfdnlcicf';

/** Gecko ID for Firefox builds (allowed_extensions). */
export const GECKO_ID = 'mailbadge@mailbadge.app';

/**
 * Oldest Firefox the Firefox build accepts: 140 (the ESR line) is the first to know the manifest's
 * data_collection_permissions, which addons.mozilla.org asks of new add-ons; MV3 action, storage.session and
 * native messaging came earlier (109–115).
 */
export const GECKO_MIN_VERSION = '140.0';

/** Native-messaging host name: lowercase, dots and underscores only. */
export const NATIVE_HOST_NAME = 'app.mailbadge.host';
