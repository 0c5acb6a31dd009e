package dev.annals.bench.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessMemoryTest {

    @Test
    void g1_reports_one_heap() {
        assertThat(ProcessMemory.heapUsed("""
                garbage-first heap   total reserved 786432K, committed 14336K, used 2913K [0x00000000d0000000, 0x0000000100000000)
                 region size 1024K, 0 young (0K), 0 survivors (0K)
                """)).isEqualTo(2913L * 1024);
    }

    @Test
    void the_parallel_collector_reports_its_generations_which_add_up() {
        assertThat(ProcessMemory.heapUsed("""
                 PSYoungGen      total 76288K, used 3932K [0x000000076ab00000, 0x0000000770000000, 0x00000007c0000000)
                  eden space 65536K, 6% used [0x000000076ab00000,0x000000076aed7240,0x000000076eb00000)
                 ParOldGen       total 175104K, used 100K [0x00000006c0000000, 0x00000006cab00000, 0x000000076ab00000)
                """)).isEqualTo((3932L + 100) * 1024);
    }

    @Test
    void an_answer_without_a_heap_in_use_is_refused() {
        assertThatThrownBy(() -> ProcessMemory.heapUsed("ZHeap used 8M, capacity 32M"))
                .hasMessageContaining("GC.heap_info");
    }
}
