/** Version of xxgk, also the parser version stored with every report. */
export const VERSION = '0.1.0';
