package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreFiguresTest {

    private static String metrics(int batches, int writes, double commitSeconds, double batchSeconds, double p99) {
        return metrics(batches, writes, commitSeconds, batchSeconds, p99, 0);
    }

    private static String metrics(int batches, int writes, double commitSeconds, double batchSeconds, double p99,
                                  double waitSeconds) {
        return """
                # HELP parley_store_commit_seconds COMMIT of one write batch
                parley_store_commit_seconds{quantile="0.5"} 0.001
                parley_store_commit_seconds{quantile="0.99"} %s
                parley_store_commit_seconds_count %d
                parley_store_commit_seconds_sum %s
                parley_store_batch_seconds{quantile="0.99"} 0.02
                parley_store_batch_seconds_count %d
                parley_store_batch_seconds_sum %s
                parley_store_batch_writes_count %d.0
                parley_store_batch_writes_sum %d.0
                parley_store_queue_wait_seconds{quantile="0.99"} 0.005
                parley_store_queue_wait_seconds_count %d
                parley_store_queue_wait_seconds_sum %s
                parley_store_checkpoint_seconds{quantile="0.99"} 0.003
                parley_store_checkpoint_seconds_count %d
                parley_store_search_index_seconds{quantile="0.99"} 0.004
                parley_connections 7.0
                """.formatted(p99, batches, commitSeconds, batches, batchSeconds, batches, writes, batches, waitSeconds,
                batches / 10);
    }

    @Test
    void the_figures_are_the_windows_own() {
        StoreFigures figures = new StoreFigures(StoreFigures.samples(metrics(100, 1_000, 0.5, 1.0, 0.004, 0.1)));
        Result r = new Result("fanout");
        figures.finish(StoreFigures.samples(metrics(300, 9_000, 1.1, 2.6, 0.009, 0.5)), r);
        assertThat(r.figures)
                .containsEntry("store_batches", 200L)
                .containsEntry("store_writes_per_batch", 40.0)
                .containsEntry("store_commit_ms_mean", 3.0)
                .containsEntry("store_batch_ms_mean", 8.0)
                .containsEntry("store_commit_p99_ms", 9.0)
                .containsEntry("store_batch_p99_ms", 20.0)
                .containsEntry("store_queue_wait_ms_mean", 2.0)
                .containsEntry("store_queue_wait_p99_ms", 5.0)
                .containsEntry("store_checkpoints", 20L)
                .containsEntry("store_checkpoint_p99_ms", 3.0)
                .containsEntry("store_search_index_p99_ms", 4.0);
    }

    @Test
    void a_window_without_batches_adds_nothing() {
        StoreFigures figures = new StoreFigures(StoreFigures.samples(metrics(5, 50, 0.1, 0.2, 0.001)));
        Result r = new Result("idle");
        figures.finish(StoreFigures.samples(metrics(5, 50, 0.1, 0.2, 0.001)), r);
        assertThat(r.figures).doesNotContainKeys("store_batches", "store_writes_per_batch");
    }
}
