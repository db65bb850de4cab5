import { describe, expect, it } from 'vitest';
import {
	dequantizeQ4,
	dequantizeQ8,
	dequantizeQ8Blocks,
	dequantizeWeights,
	q8CodesAsUint8,
	quantizeQ4,
	quantizeQ8,
	quantizeQ8Blocks,
	type Matrix
} from './quantize';
import { SHAPES } from './shapes';
import { materializeWeights } from './weights';

function randomMatrix(k: number, n: number, layout: Matrix['layout'] = 'kn'): Matrix {
	let s = 7;
	const data = Float32Array.from({ length: k * n }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1);
	return { data, k, n, layout };
}

const at = (m: Matrix, r: number, c: number) => (m.layout === 'kn' ? m.data[r * m.n + c]! : m.data[c * m.k + r]!);

describe('q8', () => {
	it('round-trips within half a step of each column scale', () => {
		const m = randomMatrix(48, 10);
		const q = quantizeQ8(m);
		const back = dequantizeQ8(q, m.k, m.n);
		for (let r = 0; r < m.k; r++)
			for (let c = 0; c < m.n; c++)
				expect(Math.abs(back[r * m.n + c]! - at(m, r, c))).toBeLessThanOrEqual(q.scales[c]! / 2 + 1e-7);
	});

	it('reads a [N, K] matrix as its transpose', () => {
		const m = randomMatrix(40, 6, 'nk');
		const back = dequantizeQ8(quantizeQ8(m), m.k, m.n);
		expect(Math.abs(back[3 * m.n + 5]! - at(m, 3, 5))).toBeLessThan(0.01);
	});
});

describe('q8 as uint8 (MatMulInteger, zero point 128)', () => {
	it('is the int8 code shifted by 128, so it dequantizes to the same weights', () => {
		const q = quantizeQ8(randomMatrix(16, 4));
		const u = q8CodesAsUint8(q.q);
		for (let i = 0; i < u.length; i++) expect(u[i]! - 128).toBe(q.q[i]);
	});
});

describe('q8 blocks (MatMulNBits bits=8 layout)', () => {
	it('packs [N, kBlocks, 32] codes around 128 with per-block scales, K not a block multiple', () => {
		const m = randomMatrix(70, 5);
		const q = quantizeQ8Blocks(m);
		expect(q.kBlocks).toBe(3);
		expect(q.b.length).toBe(5 * 3 * 32);
		const back = dequantizeQ8Blocks(q, m.k, m.n);
		for (let r = 0; r < m.k; r++)
			for (let c = 0; c < m.n; c++)
				expect(Math.abs(back[r * m.n + c]! - at(m, r, c))).toBeLessThanOrEqual(
					q.scales[c * 3 + Math.floor(r / 32)]! / 2 + 1e-6
				);
		expect(q.b[(0 * 3 + 2) * 32 + 20]).toBe(128); // padding past K dequantizes to 0
	});
});

describe('q4 (MatMulNBits layout)', () => {
	it('packs [N, kBlocks, 16] codes, per-block scales and packed zero points, with K not a block multiple', () => {
		const m = randomMatrix(70, 5); // 3 blocks, the last one partial
		const q = quantizeQ4(m);
		expect(q.kBlocks).toBe(3);
		expect(q.b.length).toBe(5 * 3 * 16);
		expect(q.scales.length).toBe(15);
		expect(q.zeroPoints.length).toBe(5 * 2);
		const back = dequantizeQ4(q, m.k, m.n);
		for (let r = 0; r < m.k; r++)
			for (let c = 0; c < m.n; c++) {
				const scale = q.scales[c * 3 + Math.floor(r / 32)]!;
				expect(Math.abs(back[r * m.n + c]! - at(m, r, c))).toBeLessThanOrEqual(scale / 2 + 1e-6);
			}
		// Padding codes equal the block's zero point, so they would dequantize to 0.
		const zp = q.zeroPoints[0 * 2 + 1]! & 15; // row 0, block 2
		expect(q.b[(0 * 3 + 2) * 16 + 10]! & 15).toBe(zp);
	});

	it('keeps zeros exact', () => {
		const m: Matrix = { data: new Float32Array(64), k: 32, n: 2, layout: 'kn' };
		expect(Array.from(dequantizeQ4(quantizeQ4(m), 32, 2)).every((v) => v === 0)).toBe(true);
	});
});

describe('dequantizeWeights', () => {
	it('replaces projections and makes a tied head explicit, leaving the embedding float32', () => {
		const shape = { ...SHAPES.tiny, tieWordEmbeddings: true };
		const w = materializeWeights(shape, 3);
		const d = dequantizeWeights(w, 'q4');
		expect(d.embedTokens).toBe(w.embedTokens);
		expect(d.lmHead?.length).toBe(shape.hiddenSize * shape.vocabSize);
		expect(d.layers[0]?.qProj).not.toBe(w.layers[0]?.qProj);
		// head [h, v] element (i, t) approximates embedding row t, column i
		expect(Math.abs(d.lmHead![5 * shape.vocabSize + 9]! - w.embedTokens[9 * shape.hiddenSize + 5]!)).toBeLessThan(0.2);
		expect(dequantizeWeights(w, 'fp32')).toBe(w);
	});
});
