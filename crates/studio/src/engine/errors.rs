use crate::library::LibraryError;
use kling_api::{ErrorCode, ValidationError};
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
    pub fn code(&self) -> ErrorCode {
        match self {
            EngineError::Library(e) => e.code(),
            EngineError::Invalid(_) => ErrorCode::InvalidInput,
            EngineError::NoSuchJob(_) => ErrorCode::NotFound,
            EngineError::NotRetryable(_) => ErrorCode::NotRetryable,
        }
    }
}
