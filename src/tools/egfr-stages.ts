import type { CkdStage } from './egfr.ts';

// What each CKD G stage means, in plain words, and which knowledge-base articles to read next.
// Articles are named by slug; only the ones that are published are ever linked.

export interface StageInfo {
  readonly stage: CkdStage;
  /** e.g. "60 to 89". */
  readonly range: string;
  /** A few words: "mildly reduced". */
  readonly label: string;
  readonly explanation: readonly string[];
  /** Slugs of articles worth reading at this stage, most useful first. */
  readonly articleSlugs: readonly string[];
}

const EARLY_CKD_NOTE = 'On its own this is not kidney disease. It only counts as chronic kidney disease (CKD) when there are other signs of kidney damage as well, such as protein or blood in the urine, or changes seen on a scan. A urine test called ACR tells your team more.';

export const STAGES: Readonly<Record<CkdStage, StageInfo>> = {
  G1: {
    stage: 'G1',
    range: '90 or more',
    label: 'normal or high',
    explanation: [
      'Your kidneys are filtering at a normal or high rate.',
      EARLY_CKD_NOTE,
    ],
    articleSlugs: ['egfr-and-ckd-stages', 'what-creatinine-means', 'proteinuria', 'high-blood-pressure-and-kidneys'],
  },
  G2: {
    stage: 'G2',
    range: '60 to 89',
    label: 'mildly reduced',
    explanation: [
      'Your kidneys are filtering a little less than a young adult’s. This is common, and eGFR slowly falls with age in most people.',
      EARLY_CKD_NOTE,
    ],
    articleSlugs: ['egfr-and-ckd-stages', 'what-creatinine-means', 'proteinuria', 'high-blood-pressure-and-kidneys'],
  },
  G3a: {
    stage: 'G3a',
    range: '45 to 59',
    label: 'mildly to moderately reduced',
    explanation: [
      'Your kidneys are filtering less than expected. If your results stay in this range for more than 3 months, this is chronic kidney disease stage 3a.',
      'Many people stay at this stage for years. Your team will usually check your blood pressure, test your urine for protein and look at whether any medicines need a different dose.',
    ],
    articleSlugs: ['egfr-and-ckd-stages', 'what-creatinine-means', 'proteinuria', 'high-blood-pressure-and-kidneys', 'medicines-to-avoid'],
  },
  G3b: {
    stage: 'G3b',
    range: '30 to 44',
    label: 'moderately to severely reduced',
    explanation: [
      'Your kidneys are filtering clearly less than they should. If your results stay in this range for more than 3 months, this is chronic kidney disease stage 3b.',
      'Your team will usually check your blood more often, look for effects such as anaemia and changes in bone minerals, and review your medicines. Protecting the kidney function you have is the main aim.',
    ],
    articleSlugs: ['egfr-and-ckd-stages', 'proteinuria', 'medicines-to-avoid', 'anaemia-in-kidney-disease', 'ckd-mineral-bone-disorder'],
  },
  G4: {
    stage: 'G4',
    range: '15 to 29',
    label: 'severely reduced',
    explanation: [
      'Your kidneys are filtering much less than they should. If your results stay in this range for more than 3 months, this is chronic kidney disease stage 4.',
      'People at this stage are usually looked after by a kidney team. It is the time to learn about the treatments for kidney failure (dialysis, a transplant, or care without dialysis) so that you can choose in good time, even if you never need them.',
    ],
    articleSlugs: ['egfr-and-ckd-stages', 'creatinine-and-starting-dialysis', 'haemodialysis-vs-peritoneal-dialysis', 'kidney-transplant-basics', 'conservative-kidney-management', 'high-potassium-and-diet'],
  },
  G5: {
    stage: 'G5',
    range: 'below 15',
    label: 'kidney failure',
    explanation: [
      'An eGFR this low is called kidney failure (chronic kidney disease stage 5) when it lasts more than 3 months.',
      'It does not always mean dialysis starts straight away: that depends on your symptoms, your other results and your wishes. If you are not already seeing a kidney team, contact your doctor soon. If this result is much lower than your last one, contact them today.',
    ],
    articleSlugs: ['creatinine-and-starting-dialysis', 'haemodialysis-vs-peritoneal-dialysis', 'kidney-transplant-basics', 'conservative-kidney-management', 'egfr-and-ckd-stages'],
  },
};

/** Said with every result: one number is not a diagnosis. */
export const ONE_RESULT_NOTE = 'One result is not a diagnosis. Chronic kidney disease is only diagnosed when results stay low, or other signs of kidney damage last, for more than 3 months. eGFR can dip for a short time after a heavy meat meal, hard exercise, dehydration, an illness or some medicines.';
