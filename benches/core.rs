//! Native benchmarks of the core (issue 8): scoring plus reconciliation, scoring and
//! reconciliation alone (to see where the time goes), report writing, draft parsing and
//! serialising, for generated drafts of 10, 100, 1,000 and 10,000 indicators.
//!
//! `cargo bench --bench core` (scripts/bench.sh runs it and records the results);
//! `cargo test --bench core` runs each benchmark once (criterion's test mode).
//! `JIXIAO_BENCH_SIZES=10,100` limits the sizes.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use jixiao::draft;
use jixiao::generate::generate;

fn sizes() -> Vec<usize> {
    match std::env::var("JIXIAO_BENCH_SIZES") {
        Ok(s) if !s.trim().is_empty() => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        _ => vec![10, 100, 1000, 10_000],
    }
}

fn core(c: &mut Criterion) {
    let drafts: Vec<(usize, draft::Draft, String)> = sizes()
        .into_iter()
        .map(|n| {
            let d = generate(n, 1);
            let json = draft::to_json(&d);
            (n, d, json)
        })
        .collect();

    let mut g = c.benchmark_group("assess");
    for (n, d, _) in &drafts {
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), d, |b, d| b.iter(|| jixiao::assess(black_box(&d.evaluation))));
    }
    g.finish();

    let mut g = c.benchmark_group("score");
    for (n, d, _) in &drafts {
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), d, |b, d| {
            b.iter(|| jixiao::scoring::score(black_box(&d.evaluation)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("reconcile");
    for (n, d, _) in &drafts {
        let sc = jixiao::scoring::score(&d.evaluation);
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), d, |b, d| {
            b.iter(|| jixiao::reconcile::check(black_box(&d.evaluation), black_box(&sc)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("report");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    for (n, d, _) in &drafts {
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), d, |b, d| b.iter(|| jixiao::report::render(black_box(d))));
    }
    g.finish();

    let mut g = c.benchmark_group("parse");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    for (n, _, json) in &drafts {
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), json, |b, json| {
            b.iter(|| draft::parse_any_size(black_box(json.as_bytes())).expect("generated drafts parse"))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("to_json");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    for (n, d, _) in &drafts {
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), d, |b, d| b.iter(|| draft::to_json(black_box(d))));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = core
}
criterion_main!(benches);
