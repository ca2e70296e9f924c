export { storyRoutes } from './stories.routes.ts';
export type { StoryTables, StoryRow, StoryStatus } from './story.table.ts';
export { findStoryForStaff, listStoriesForStaff, type StoryForStaff } from './story.repository.ts';
export { editStory, hasPublishableConsent, publishStory, rejectStory, unpublishStory, type ModeratorMeta } from './story.service.ts';
export { STORY_LIMITS, validateStoryText, type StoryText } from './story-input.ts';
