package dev.hotpath.agent.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Frame names of plain, lambda and hidden classes. */
class FrameNamesTest {

    @Test
    void javaFrame_internalName_dotted() {
        assertThat(FrameNames.javaFrame("com/acme/Shop", "checkout")).isEqualTo("com.acme.Shop.checkout");
    }

    @Test
    void javaFrame_lambdaOfEveryJdk_losesItsPerRunSuffix() {
        assertThat(FrameNames.javaFrame("com.acme.Shop$$Lambda$14/0x0000000800c03000", "run"))
                .isEqualTo("com.acme.Shop$$Lambda.run");
        assertThat(FrameNames.javaFrame("com.acme.Shop$$Lambda/0x000071a3c8003a18", "run"))
                .isEqualTo("com.acme.Shop$$Lambda.run");
        assertThat(FrameNames.javaFrame("com/acme/Shop$$Lambda.0x000071a3c8003a18", "run"))
                .isEqualTo("com.acme.Shop$$Lambda.run");
    }

    @Test
    void javaFrame_otherHiddenClass_losesItsAddress() {
        assertThat(FrameNames.javaFrame("java/lang/invoke/LambdaForm$MH.0x0000000800c04400", "invoke"))
                .isEqualTo("java.lang.invoke.LambdaForm$MH.invoke");
    }
}
