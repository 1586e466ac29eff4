<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
<!-- template: login-siwe.ftl (restitution keycloak-siwe) -->
    <#if section="header">
        ${msg("siweTitle")}
    <#elseif section="form">
        <form id="kc-siwe-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post"
              data-step="${siweStep}" data-address="${siweAddress!''}"
              data-no-wallet="${msg("siweNoWallet")}" data-wallet-refused="${msg("siweWalletRefused")}">
            <#if siweStep == "connect">
                <p id="kc-siwe-intro">${msg("siweConnectIntro")}</p>
                <input type="hidden" name="address" value=""/>
            <#else>
                <p id="kc-siwe-intro">${msg("siweSignIntro")}</p>
                <pre id="kc-siwe-message" style="white-space: pre-wrap; word-break: break-all;">${siweMessage}</pre>
                <input type="hidden" name="message" value="${siweMessage}"/>
                <input type="hidden" name="signature" value=""/>
            </#if>
            <p id="kc-siwe-status" role="status" aria-live="polite"></p>
            <div class="${properties.kcFormGroupClass!}">
                <button id="kc-siwe-button" type="button" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">
                    <#if siweStep == "connect">${msg("siweConnect")}<#else>${msg("siweSign")}</#if>
                </button>
            </div>
        </form>
        <script>
            (function () {
                // The wallet is the page's EIP-1193 provider (window.ethereum); nothing here is trusted by Keycloak,
                // which parses and checks the posted message and signature on its own.
                const form = document.getElementById('kc-siwe-form');
                const status = document.getElementById('kc-siwe-status');
                const button = document.getElementById('kc-siwe-button');
                function hex(text) {
                    return '0x' + Array.from(new TextEncoder().encode(text), b => b.toString(16).padStart(2, '0')).join('');
                }
                async function connect() {
                    const accounts = await window.ethereum.request({ method: 'eth_requestAccounts' });
                    form.elements.address.value = accounts[0] || '';
                    form.submit();
                }
                async function sign() {
                    const message = form.elements.message.value;
                    const signature = await window.ethereum.request({ method: 'personal_sign', params: [hex(message), form.dataset.address] });
                    form.elements.signature.value = signature;
                    form.submit();
                }
                button.addEventListener('click', async function () {
                    if (!window.ethereum) {
                        status.textContent = form.dataset.noWallet;
                        return;
                    }
                    button.disabled = true;
                    try {
                        await (form.dataset.step === 'connect' ? connect() : sign());
                    } catch (refusal) {
                        status.textContent = form.dataset.walletRefused + ' ' + ((refusal && refusal.message) || '');
                        button.disabled = false;
                    }
                });
            })();
        </script>
    </#if>
</@layout.registrationLayout>
