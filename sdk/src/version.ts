// The SDK's version, for the User-Agent. The source says 0.0.0-development; the build
// (scripts/build.mjs) writes package.json's "version" into the compiled file, so the
// number lives in one place.
export const SDK_VERSION: string = '0.0.0-development';
