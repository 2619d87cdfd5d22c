/** Types for find-chromium.mjs, which plain Node scripts import too. */
export declare const CHROMIUM_ARGS: string[];
export declare function findChromium(): string | undefined;
export declare const NO_CHROMIUM: string;
