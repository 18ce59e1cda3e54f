package org.veil.issuer.confirm;

import org.jpos.q2.QBeanSupport;
import org.veil.issuer.Issuer;

/**
 * Q2 service: sets the confirmation threshold and the host link's deadline from cfg before the host link starts.
 * The host link's deadline must stay below the switch's issuer timeout (veil.issuer.timeout.ms, 5 s), or the switch
 * answers 91 while the issuer still waits.
 */
public class ConfirmationSetup extends QBeanSupport {
    @Override
    protected void startService() {
        Issuer.await().confirmations().configure(cfg.getLong("confirm-above", 10_000), cfg.getLong("iso-deadline-ms", 4_000));
    }
}
