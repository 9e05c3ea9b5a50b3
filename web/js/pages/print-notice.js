// print-notice.js — the printed 《一次性告知书》 of a case (/print/notice.html?no=…); see case-print.js.

import { render } from '../../gen/tpl/print-notice.js';
import { startPrintPage } from '../case-print.js';

startPrintPage(render, '一次性告知书');
