export { expertRoutes } from './experts.routes.ts';
export type { ExpertTables, ExpertProfileRow } from './expert.table.ts';
export {
  findProfile, findReviewerCredit, listProfilesForStaff, loadProfilePhoto, type ExpertProfile, type ProfilePhoto,
} from './expert.repository.ts';
export { createProfile, setProfilePhoto, setProfilePublished, updateProfile, type ProfileActor, type ProfileMeta } from './expert.service.ts';
export {
  EMPTY_PROFILE_FORM, PROFILE_LIMITS, profileFormValues, slugFromName, validateProfileForm, type ProfileDraft, type ProfileFormValues,
} from './expert-input.ts';
