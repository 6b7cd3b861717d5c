/** VirtualMFADeviceName: `[\w+=,.@-]+`, 1–226 characters. */
export const DEVICE_NAME_PATTERN = /^[\w+=,.@-]{1,226}$/;
/** Path: "/" or "/a/b/" (printable ASCII between slashes), up to 512 characters. */
export const DEVICE_PATH_PATTERN = /^\/(?:[\x21-\x7e]*\/)?$/;
