package dev.hotpath.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentTest {

    @Test
    void alreadyRunning_argumentsWithAToken_namesTheKeysOnly() {
        assertThat(Agent.alreadyRunning("collector=https://h:8443,token=s3cret,output=/tmp/x"))
                .isEqualTo("hotpath: agent already running in this JVM; the new settings [collector, token, output]"
                        + " are ignored");
    }
}
