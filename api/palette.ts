// The Okabe–Ito colour-blind-safe palette: one home for the live view, review, trends and the printed report.

/** Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency. */
export const OKABE_ITO = {
  blue: '#0072B2', sky: '#56B4E9', orange: '#E69F00', vermillion: '#D55E00', green: '#009E73', yellow: '#F0E442', purple: '#CC79A7', grey: '#999999',
} as const;
