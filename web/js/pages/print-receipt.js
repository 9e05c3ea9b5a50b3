// print-receipt.js — the printed 《受理回执》 of a case (/print/receipt.html?no=…); see case-print.js.

import { render } from '../../gen/tpl/print-receipt.js';
import { startPrintPage } from '../case-print.js';

startPrintPage(render, '受理回执');
