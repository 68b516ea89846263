//! Which result links are fetched, and where their redirects may lead. Result links come from the
//! API host's answer, so a wrong or hostile host chooses them: they must not make this machine
//! fetch a local file, talk plain http across a network, or reach into the local network or a
//! cloud metadata service on the person's behalf. A link is https, or plain http to this machine
//! (the sandbox emulator and tests); a redirect is followed only to https on a public address
//! (a name is judged by its spelling only: see SECURITY.md on DNS), and only a few times.

use crate::download::DownloadError;
use crate::errors::KlingError;
use crate::kinds::TaskKind;
use crate::task::AudioResult;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use thiserror::Error;

/// Redirects followed for one request; CDNs use one or two.
pub const MAX_REDIRECTS: usize = 5;
/// The most pictures one image task makes (`n` is 1–9).
pub const MAX_PICTURES_PER_TASK: usize = 9;
/// A video task makes one clip.
pub const MAX_VIDEOS_PER_TASK: usize = 1;
/// A video-to-audio task makes one audio (in two files, mp3 and wav); other tasks none.
pub const MAX_AUDIOS_PER_TASK: usize = 1;

/// Why a redirect was not followed. Names the kind of place, never the address it pointed to
/// (its query string may carry a signature).
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
pub enum RedirectRefused {
    #[error("to a link that is not https")]
    NotHttps,
    #[error("to this machine")]
    Loopback,
    #[error("to a local-network, link-local or reserved address")]
    NotPublic,
    #[error("more than {MAX_REDIRECTS} times")]
    TooMany,
}

/// The link as a URL if it may be fetched at all: https anywhere, plain http only to this machine.
pub fn check_link(url: &str) -> Result<url::Url, DownloadError> {
    let parsed = crate::web_url(url).ok_or(DownloadError::BadLink)?;
    if parsed.scheme() == "http" && !crate::is_loopback(&parsed) {
        return Err(DownloadError::PlainHttp);
    }
    Ok(parsed)
}

/// Whether a redirect to `next` may be followed, `hops` redirects having been followed before it.
pub fn check_redirect(next: &url::Url, hops: usize) -> Result<(), RedirectRefused> {
    if hops >= MAX_REDIRECTS {
        return Err(RedirectRefused::TooMany);
    }
    if !matches!(next.scheme(), "http" | "https") {
        return Err(RedirectRefused::NotHttps);
    }
    // The place first (it says more), then the scheme: plain http is refused after the first hop
    // even to a public host.
    match next.host() {
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if name == "localhost" || name.ends_with(".localhost") {
                return Err(RedirectRefused::Loopback);
            }
        }
        Some(url::Host::Ipv4(ip)) => check_ip(IpAddr::V4(ip))?,
        Some(url::Host::Ipv6(ip)) => check_ip(IpAddr::V6(ip))?,
        None => return Err(RedirectRefused::NotPublic),
    }
    if next.scheme() != "https" {
        return Err(RedirectRefused::NotHttps);
    }
    Ok(())
}

fn check_ip(ip: IpAddr) -> Result<(), RedirectRefused> {
    let ip = match ip {
        // ::ffff:127.0.0.1 is 127.0.0.1.
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    };
    if ip.is_loopback() {
        return Err(RedirectRefused::Loopback);
    }
    let public = match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => public_v6(v6),
    };
    if public {
        Ok(())
    } else {
        Err(RedirectRefused::NotPublic)
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let shared = a == 100 && (64..128).contains(&b); // 100.64/10, carrier-grade NAT
    let this_network = a == 0;
    let reserved = a >= 240;
    // Link-local (169.254/16) holds the cloud metadata service, 169.254.169.254.
    !(ip.is_private() || ip.is_link_local() || ip.is_unspecified() || ip.is_broadcast() || ip.is_multicast() || shared || this_network || reserved)
}

fn public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    let unique_local = first & 0xfe00 == 0xfc00; // fc00::/7
    let link_local = first & 0xffc0 == 0xfe80; // fe80::/10
    !(ip.is_unspecified() || ip.is_multicast() || unique_local || link_local)
}

/// The redirect rule as reqwest applies it to every hop of a download.
pub(crate) fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        // `previous` holds the first link and every hop followed so far.
        let hops = attempt.previous().len().saturating_sub(1);
        match check_redirect(attempt.url(), hops) {
            Ok(()) => attempt.follow(),
            Err(refused) => attempt.error(refused),
        }
    })
}

/// A refused redirect inside a failed request, if that is why it failed.
pub(crate) fn refused_redirect(e: &reqwest::Error) -> Option<RedirectRefused> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(inner) = source {
        if let Some(refused) = inner.downcast_ref::<RedirectRefused>() {
            return Some(*refused);
        }
        source = inner.source();
    }
    None
}

/// A task's result list is within what one task makes: at most 9 pictures or 1 video, and none
/// for text-to-audio (its files are audios). A longer list is refused whole, before anything is
/// fetched.
pub fn check_result_count(kind: TaskKind, count: usize) -> Result<(), KlingError> {
    let (most, what) = if kind.makes_only_audio() {
        (0, "no picture or video (only sound)")
    } else if kind.is_video() {
        (MAX_VIDEOS_PER_TASK, "1 video")
    } else {
        (MAX_PICTURES_PER_TASK, "9 pictures")
    };
    if count > most {
        return Err(KlingError::Malformed { detail: format!("the task lists {count} results, but a task makes at most {what}; nothing was downloaded") });
    }
    Ok(())
}

/// A task's audio results are what its kind makes (one audio for video-to-audio, none
/// elsewhere) and every link of them may be fetched (`check_link`): a longer list or a refused
/// link fails the whole answer, before anything is fetched.
pub fn check_audio_results(kind: TaskKind, audios: &[AudioResult]) -> Result<(), KlingError> {
    let most = if kind.makes_audio() { MAX_AUDIOS_PER_TASK } else { 0 };
    if audios.len() > most {
        let makes = if most == 0 { format!("{} task makes none", kind.with_article()) } else { format!("a task makes at most {most}") };
        return Err(KlingError::Malformed { detail: format!("the task lists {} audio results, but {makes}; nothing was downloaded", audios.len()) });
    }
    for audio in audios {
        if audio.links().next().is_none() {
            return Err(KlingError::Malformed { detail: "an audio result has no link; nothing was downloaded".into() });
        }
        if let Some(refused) = audio.links().find_map(|u| check_link(u).err()) {
            let detail = match refused {
                DownloadError::PlainHttp => "an audio link uses plain http to another machine; only https links are fetched",
                _ => "an audio link is not an http(s) address",
            };
            return Err(KlingError::Malformed { detail: detail.into() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn links_are_https_or_plain_http_to_this_machine() {
        for ok in ["https://cdn.example/a.png?sig=1", "http://127.0.0.1:8080/media/a.png", "http://localhost/a", "http://[::1]:9/a", "http://127.5.6.7/a"] {
            assert!(check_link(ok).is_ok(), "{ok}");
        }
        for (bad, plain) in [
            ("http://cdn.example/a.png", true),
            ("http://10.0.0.1/a.png", true),
            ("http://169.254.169.254/latest/meta-data/", true),
            ("file:///etc/passwd", false),
            ("ftp://cdn.example/a.png", false),
            ("data:image/png;base64,AA==", false),
            ("gopher://cdn.example/", false),
            ("", false),
        ] {
            let err = check_link(bad).unwrap_err();
            assert_eq!(matches!(err, DownloadError::PlainHttp), plain, "{bad}: {err:?}");
            assert_eq!(matches!(err, DownloadError::BadLink), !plain, "{bad}: {err:?}");
        }
    }

    #[test]
    fn redirects_lead_only_to_public_https() {
        for ok in ["https://cdn.example/a.png", "https://8.8.8.8/a", "https://[2001:4860::8888]/a", "https://100.128.0.1/a"] {
            assert_eq!(check_redirect(&url(ok), 0), Ok(()), "{ok}");
        }
        let refused = [
            ("http://cdn.example/a.png", RedirectRefused::NotHttps),
            ("http://127.0.0.1/a", RedirectRefused::Loopback),
            ("http://169.254.169.254/latest/meta-data/", RedirectRefused::NotPublic),
            ("https://127.0.0.1:4443/a", RedirectRefused::Loopback),
            ("https://127.9.9.9/a", RedirectRefused::Loopback),
            ("https://2130706433/a", RedirectRefused::Loopback),
            ("https://localhost/a", RedirectRefused::Loopback),
            ("https://LOCALHOST./a", RedirectRefused::Loopback),
            ("https://api.localhost/a", RedirectRefused::Loopback),
            ("https://[::1]/a", RedirectRefused::Loopback),
            ("https://[::ffff:127.0.0.1]/a", RedirectRefused::Loopback),
            ("https://10.1.2.3/a", RedirectRefused::NotPublic),
            ("https://172.16.0.1/a", RedirectRefused::NotPublic),
            ("https://172.31.255.255/a", RedirectRefused::NotPublic),
            ("https://192.168.1.1/a", RedirectRefused::NotPublic),
            ("https://169.254.169.254/latest/meta-data/", RedirectRefused::NotPublic),
            ("https://0.0.0.0/a", RedirectRefused::NotPublic),
            ("https://100.64.0.1/a", RedirectRefused::NotPublic),
            ("https://[fd00::1]/a", RedirectRefused::NotPublic),
            ("https://[fc00::1]/a", RedirectRefused::NotPublic),
            ("https://[fe80::1]/a", RedirectRefused::NotPublic),
            ("https://[::]/a", RedirectRefused::NotPublic),
            ("https://[::ffff:10.0.0.1]/a", RedirectRefused::NotPublic),
            ("https://[::ffff:169.254.169.254]/a", RedirectRefused::NotPublic),
            ("file:///etc/passwd", RedirectRefused::NotHttps),
        ];
        for (to, why) in refused {
            assert_eq!(check_redirect(&url(to), 0), Err(why), "{to}");
        }
        assert_eq!(check_redirect(&url("https://cdn.example/a"), MAX_REDIRECTS - 1), Ok(()));
        assert_eq!(check_redirect(&url("https://cdn.example/a"), MAX_REDIRECTS), Err(RedirectRefused::TooMany));
    }

    #[test]
    fn a_task_has_at_most_nine_pictures_or_one_video() {
        assert!(check_result_count(TaskKind::Image, 9).is_ok());
        assert!(check_result_count(TaskKind::TextToVideo, 1).is_ok());
        let err = check_result_count(TaskKind::Image, 10).unwrap_err();
        assert!(err.user_message().contains("at most 9 pictures"), "{}", err.user_message());
        assert!(check_result_count(TaskKind::ImageToVideo, 2).unwrap_err().user_message().contains("at most 1 video"));
    }

    #[test]
    fn one_video_and_one_audio_for_video_to_audio_and_no_audio_elsewhere() {
        let audio = |mp3: &str, wav: &str| AudioResult { id: "a".into(), url_mp3: mp3.into(), url_wav: wav.into(), ..Default::default() };
        let good = audio("https://cdn.example/a.mp3", "https://cdn.example/a.wav");
        assert!(check_audio_results(TaskKind::VideoToAudio, std::slice::from_ref(&good)).is_ok());
        assert!(check_audio_results(TaskKind::VideoToAudio, &[]).is_ok());
        assert!(check_result_count(TaskKind::VideoToAudio, 1).is_ok() && check_result_count(TaskKind::VideoToAudio, 2).is_err());
        assert!(check_audio_results(TaskKind::TextToAudio, std::slice::from_ref(&good)).is_ok());
        assert!(check_result_count(TaskKind::TextToAudio, 0).is_ok());
        let video = check_result_count(TaskKind::TextToAudio, 1).unwrap_err().to_string();
        assert!(video.contains("only sound"), "{video}");
        let two = check_audio_results(TaskKind::VideoToAudio, &[good.clone(), good.clone()]).unwrap_err();
        assert!(two.user_message().contains("lists 2 audio results"), "{}", two.user_message());
        let stray = check_audio_results(TaskKind::LipSync, std::slice::from_ref(&good)).unwrap_err();
        assert!(stray.user_message().contains("a lip-sync task makes none"), "{}", stray.user_message());
        assert!(check_audio_results(TaskKind::LipSync, &[]).is_ok());
        for (mp3, wav, needle) in [
            ("http://cdn.example/a.mp3", "https://cdn.example/a.wav", "plain http"),
            ("https://cdn.example/a.mp3", "file:///etc/passwd", "not an http(s) address"),
            ("", " ", "no link"),
        ] {
            let e = check_audio_results(TaskKind::VideoToAudio, &[audio(mp3, wav)]).unwrap_err();
            assert!(e.user_message().contains(needle), "{mp3} {wav}: {}", e.user_message());
        }
        // Plain http to this machine is the sandbox's.
        assert!(check_audio_results(TaskKind::VideoToAudio, &[audio("http://127.0.0.1:9/a.mp3", "http://127.0.0.1:9/a.wav")]).is_ok());
    }
}
