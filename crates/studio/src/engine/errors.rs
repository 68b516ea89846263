use crate::library::LibraryError;
use kling_api::ValidationError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum EngineError {
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error("invalid {}: {}", .0.field, .0.message)]
    Invalid(ValidationError),
    #[error("no job {0}; it may have been removed")]
    NoSuchJob(String),
    #[error("the job {0} cannot be retried: it has not failed")]
    NotRetryable(String),
}

impl From<ValidationError> for EngineError {
    fn from(e: ValidationError) -> Self {
        EngineError::Invalid(e)
    }
}

impl EngineError {
    pub fn code(&self) -> &'static str {
        match self {
            EngineError::Library(e) => e.code(),
            EngineError::Invalid(_) => "invalid_input",
            EngineError::NoSuchJob(_) => "not_found",
            EngineError::NotRetryable(_) => "not_retryable",
        }
    }
}
