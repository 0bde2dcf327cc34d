/** Seam's version, written into every document it produces (kept equal to package.json by a test). */
export const SEAM_VERSION = '0.1.0';
