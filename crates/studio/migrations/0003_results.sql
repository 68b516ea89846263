-- Today's results (issue 11): the watermarked copy of each result when one was asked for, and
-- what the task really cost (`final_unit_deduction`, in its pack's units).
ALTER TABLE jobs ADD COLUMN watermark_urls TEXT;  -- JSON array aligned with result_urls, "" where none
ALTER TABLE jobs ADD COLUMN charged_units REAL;
