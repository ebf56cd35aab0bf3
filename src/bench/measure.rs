//! What a benchmark reads about its own process: CPU time (the thread's clock, and `/proc`)
//! and memory from `/proc` (Linux; elsewhere the figures are `None`), and percentiles.

use std::time::Duration;

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`: exact to the nanosecond, and
/// up to date, unlike `/proc` files that the kernel refreshes on scheduler ticks).
#[cfg(unix)]
pub fn thread_cpu() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

#[cfg(not(unix))]
pub fn thread_cpu() -> Option<Duration> {
    None
}

/// CPU time of the whole process, threads that have ended included (user + system, from
/// `/proc/self/stat`, in clock ticks of 1/100 s: the kernel's USER_HZ on Linux).
pub fn process_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces: count fields after its closing parenthesis.
    let rest = &s[s.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = f.get(11)?.parse().ok()?;
    let stime: u64 = f.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Peak resident memory of the process so far (`VmHWM`), in MB.
pub fn peak_rss_mb() -> Option<f64> {
    status_kb("VmHWM:").map(|kb| kb as f64 / 1024.0)
}

/// Resident memory now (`VmRSS`), in MB.
pub fn rss_mb() -> Option<f64> {
    status_kb("VmRSS:").map(|kb| kb as f64 / 1024.0)
}

/// Resident memory now, split into anonymous (heap, stacks) and file-backed (mapped index
/// files, which the kernel may drop and read again), in MB.
pub fn rss_split_mb() -> Option<(f64, f64)> {
    Some((
        status_kb("RssAnon:")? as f64 / 1024.0,
        status_kb("RssFile:")? as f64 / 1024.0,
    ))
}

/// Resident memory of the mapped files, summed by file extension (an index's `.fast`,
/// `.idx`, `.store`, `.term`, …), in MB, largest first: where a serving process's mapped
/// memory goes. From `/proc/self/smaps`; empty elsewhere.
pub fn mapped_rss_by_extension_mb() -> Vec<(String, f64)> {
    let Ok(smaps) = std::fs::read_to_string("/proc/self/smaps") else {
        return Vec::new();
    };
    let mut by_ext: std::collections::BTreeMap<String, u64> = Default::default();
    let mut current: Option<String> = None;
    for line in smaps.lines() {
        if let Some(kb) = line.strip_prefix("Rss:") {
            if let (Some(ext), Some(kb)) = (&current, kb.trim().strip_suffix("kB")) {
                *by_ext.entry(ext.clone()).or_default() += kb.trim().parse::<u64>().unwrap_or(0);
            }
        } else if line
            .split_whitespace()
            .next()
            .is_some_and(|f| f.contains('-') && !f.ends_with(':'))
        {
            // A mapping's header: "start-end perms offset dev inode [path]".
            current = line
                .split_whitespace()
                .nth(5)
                .filter(|path| path.starts_with('/'))
                .and_then(|path| std::path::Path::new(path).extension())
                .map(|e| e.to_string_lossy().into_owned());
        }
    }
    let mut v: Vec<(String, f64)> = by_ext
        .into_iter()
        .map(|(e, kb)| (e, kb as f64 / 1024.0))
        .filter(|(_, mb)| *mb >= 0.05)
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v
}

/// The peak of anonymous memory (heap, stacks: what the process itself holds, without the
/// mapped index files the kernel may drop and read again), sampled by a thread every 20 ms,
/// since `/proc` keeps a high-water mark only for the sum of both.
pub struct MemorySampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<f64>,
}

impl MemorySampler {
    pub fn start() -> MemorySampler {
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut anon = 0.0f64;
            loop {
                if let Some((a, _)) = rss_split_mb() {
                    anon = anon.max(a);
                }
                if flag.load(Ordering::Relaxed) {
                    return anon;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        MemorySampler { stop, thread }
    }

    /// The peak in MB (`None` where `/proc` is missing).
    pub fn finish(self) -> Option<f64> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let peak = self.thread.join().ok()?;
        (peak > 0.0).then_some(peak)
    }
}

fn status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_status_kb(&s, field)
}

fn parse_status_kb(status: &str, field: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The `p`-th percentile (0–100) of `values` by nearest rank; `None` when empty.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    Some(v[rank.clamp(1, v.len()) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=200).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), Some(100.0));
        assert_eq!(percentile(&v, 99.0), Some(198.0));
        assert_eq!(percentile(&v, 100.0), Some(200.0));
        assert_eq!(percentile(&[3.0, 1.0, 2.0], 50.0), Some(2.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn reads_status_fields() {
        let s = "Name:\twhosaid\nVmHWM:\t  123456 kB\nVmRSS:\t   2048 kB\n";
        assert_eq!(parse_status_kb(s, "VmHWM:"), Some(123_456));
        assert_eq!(parse_status_kb(s, "VmRSS:"), Some(2048));
        assert_eq!(parse_status_kb(s, "VmPeak:"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_readings_move_forward() {
        let a = thread_cpu().unwrap();
        let mut x = 0u64;
        for i in 0..2_000_000u64 {
            x = x.wrapping_add(i * i);
        }
        std::hint::black_box(x);
        assert!(thread_cpu().unwrap() > a);
        assert!(process_cpu().is_some());
        assert!(peak_rss_mb().unwrap() >= rss_mb().unwrap() * 0.5);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_sampler_sees_a_heap_peak_that_is_gone_by_the_end() {
        let sampler = MemorySampler::start();
        let before = rss_split_mb().unwrap().0;
        let block = vec![1u8; 200 << 20];
        std::thread::sleep(Duration::from_millis(100));
        std::hint::black_box(&block);
        drop(block);
        let anon = sampler.finish().unwrap();
        assert!(anon >= before + 150.0, "peak {anon} MB, before {before} MB");
        assert!(rss_split_mb().unwrap().0 < anon - 100.0);
    }
}
