// The CKD-EPI 2021 creatinine equation (without race) and the CKD G stages, as pure functions.
// Nothing here reads a request or the database, so the page, the JSON endpoint and the tests all
// use the same arithmetic.

export type CreatinineUnit = 'mg/dL' | 'umol/L';
export type Sex = 'female' | 'male';
export type CkdStage = 'G1' | 'G2' | 'G3a' | 'G3b' | 'G4' | 'G5';

/** Units in the order forms offer them; `value` is what travels in the URL. */
export const CREATININE_UNITS: readonly { readonly value: CreatinineUnit; readonly label: string }[] = [
  { value: 'mg/dL', label: 'mg/dL' },
  { value: 'umol/L', label: 'µmol/L' },
];

/** 1 mg/dL of creatinine is 88.4 µmol/L. */
export const UMOL_PER_MG = 88.4;

/** Creatinine above this (in mg/dL) is treated as a typing or unit mistake. */
export const MAX_CREATININE_MG_DL = 30;
/** Creatinine below this (in mg/dL) is lower than any real blood result: almost always a unit mix-up. */
export const MIN_CREATININE_MG_DL = 0.1;
export const MIN_AGE = 18;
export const MAX_AGE = 120;

export interface EgfrInput {
  readonly creatinineMgPerDl: number;
  /** Whole years. */
  readonly age: number;
  readonly sex: Sex;
}

/** One creatinine value in both units, rounded as laboratories report them. */
export interface CreatinineInBothUnits {
  /** Two decimals. */
  readonly mgPerDl: number;
  /** Whole number. */
  readonly umolPerL: number;
}

/** The unit's label for people (µmol/L rather than umol/L). */
export function unitLabel(unit: CreatinineUnit): string {
  return unit === 'mg/dL' ? 'mg/dL' : 'µmol/L';
}

/** A creatinine value in mg/dL, unrounded. */
export function toMgPerDl(value: number, unit: CreatinineUnit): number {
  return unit === 'mg/dL' ? value : value / UMOL_PER_MG;
}

/** A creatinine value in both units, each rounded the way reports show it. */
export function convertCreatinine(value: number, from: CreatinineUnit): CreatinineInBothUnits {
  const mg = toMgPerDl(value, from);
  return { mgPerDl: Math.round(mg * 100) / 100, umolPerL: Math.round(mg * UMOL_PER_MG) };
}

/**
 * eGFR in mL/min/1.73 m², unrounded: 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age
 * × 1.012 if female, with κ = 0.7 (female) or 0.9 (male) and α = −0.241 (female) or −0.302 (male).
 */
export function estimateGfr(input: EgfrInput): number {
  const female = input.sex === 'female';
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const ratio = input.creatinineMgPerDl / kappa;
  return 142
    * Math.min(ratio, 1) ** alpha
    * Math.max(ratio, 1) ** -1.2
    * 0.9938 ** input.age
    * (female ? 1.012 : 1);
}

/** The CKD G stage of a rounded eGFR (G1 ≥ 90, G2 60–89, G3a 45–59, G3b 30–44, G4 15–29, G5 < 15). */
export function stageFor(roundedEgfr: number): CkdStage {
  if (roundedEgfr >= 90) return 'G1';
  if (roundedEgfr >= 60) return 'G2';
  if (roundedEgfr >= 45) return 'G3a';
  if (roundedEgfr >= 30) return 'G3b';
  if (roundedEgfr >= 15) return 'G4';
  return 'G5';
}

export interface EgfrResult {
  /** Whole number, as reports give it; the stage is read from this rounded value. */
  readonly egfr: number;
  readonly stage: CkdStage;
  readonly creatinine: CreatinineInBothUnits;
}

/** eGFR rounded to a whole number and its stage, for a creatinine in either unit. */
export function calculateEgfr(input: { creatinine: number; unit: CreatinineUnit; age: number; sex: Sex }): EgfrResult {
  const egfr = Math.round(estimateGfr({ creatinineMgPerDl: toMgPerDl(input.creatinine, input.unit), age: input.age, sex: input.sex }));
  return { egfr, stage: stageFor(egfr), creatinine: convertCreatinine(input.creatinine, input.unit) };
}
