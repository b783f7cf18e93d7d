/** @module Route `/api/certs/ca.pem` (and `ca.crt`): the CA phones must trust for HTTPS provisioning. */
import { Router } from 'express';
import { ProvError } from '../../errors.js';
import { route } from '../routing.js';

/**
 * Answers the CA certificate (PEM) so admins can push it to phones (Yealink trusted
 * certificates, Grandstream/Snom custom CA). 404 when HTTPS is off or a brought certificate
 * came without its root.
 */
export function certsRouter(caPem: () => string | null): Router {
  const router = Router();
  for (const name of ['ca.pem', 'ca.crt']) {
    route(router, `/certs/${name}`, {
      GET: {
        summary: `Download the CA certificate phones must trust for HTTPS (${name})`,
        responses: { 200: { description: 'The CA certificate, PEM.', content: { 'application/x-pem-file': 'PEM text.' } } },
        errors: ['PROV_ERR_NOT_FOUND'],
        handler: (_req, res) => {
          const pem = caPem();
          if (pem === null) throw new ProvError('PROV_ERR_NOT_FOUND', ['CA certificate (HTTPS is off, or the brought certificate has no root)']);
          res.set('Content-Type', 'application/x-pem-file').set('Content-Disposition', `attachment; filename="provd-${name}"`).send(pem);
        },
      },
    });
  }
  return router;
}
