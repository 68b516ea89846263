-- Issue 13: the Kling video id of each result of a job (JSON array aligned with result_urls, ""
-- where none), written into each result's sidecar so a library video can be extended, given
-- sound or lip-synced by its id.
ALTER TABLE jobs ADD COLUMN video_ids TEXT;
-- The one audio of a video-to-audio task, its mp3 then its wav link (JSON array, "" where none):
-- filed as one audio item, the wav beside the mp3.
ALTER TABLE jobs ADD COLUMN audio_urls TEXT;
