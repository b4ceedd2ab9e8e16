package dev.berth.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StageOutputsTest {
    private final StringBuilder shown = new StringBuilder();
    private final BuildOutput sink = new BuildOutput() {
        @Override
        public void stream(String text) {
            shown.append(text);
        }

        @Override
        public void aux(String imageId) {
            shown.append("aux ").append(imageId);
        }
    };

    @Test
    void laterStagesAreHeldUntilTheEarlierOnesEnd() {
        StageOutputs outputs = new StageOutputs(sink, 3);
        outputs.of(2).stream("c1 ");
        outputs.of(1).stream("b1 ");
        outputs.of(0).stream("a1 ");
        assertEquals("a1 ", shown.toString());
        outputs.ended(2);
        outputs.of(1).stream("b2 ");
        assertEquals("a1 ", shown.toString());
        outputs.ended(0);
        assertEquals("a1 b1 b2 ", shown.toString());
        outputs.of(1).stream("b3 ");
        outputs.ended(1);
        assertEquals("a1 b1 b2 b3 c1 ", shown.toString());
    }

    @Test
    void nothingAfterAFailedStageIsShown() {
        StageOutputs outputs = new StageOutputs(sink, 3);
        outputs.of(1).stream("b1 ");
        outputs.of(2).stream("c1 ");
        outputs.of(0).stream("a1 ");
        outputs.failed(1);
        outputs.ended(1);
        outputs.ended(2);
        outputs.ended(0);
        assertEquals("a1 b1 ", shown.toString());
    }
}
