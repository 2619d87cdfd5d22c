import { en, type Strings } from '../en.ts';

// Placeholder until translated.
const strings: Strings = { ...en };
export default strings;
