package dev.restitution.portal.language;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The claim page's texts about where money goes (an address held after a second-factor reset, replacing an address,
 * a change waiting out its cool-down), type-safe like {@link Messages}: templates write {@code {claimant:claimReplaceAddress}}.
 * A bundle of its own keeps {@link Messages} under the size rule; its texts are in {@code messages/claimant_en.properties}
 * (English, the default), {@code claimant_zh_CN.properties} and {@code claimant_es.properties}.
 */
@MessageBundle(value = "claimant", locale = "en")
public interface ClaimantMessages {

    @Message String claimAddressHeld(Object time);
    @Message String claimReplaceAddress();
    @Message String claimAddressPending(Object chainId, Object time);
    @Message String claimAddressPendingWhy(Object previous);
    @Message String claimCancelAddressChange();
}
