// Unit specs call translate() without booting Nest: register every module's catalogue, as entry points do.
import '../../src/i18n/all-catalogues.js';
